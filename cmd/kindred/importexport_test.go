package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestImportAndExportCommands(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("KINDRED_DB", filepath.Join(dir, "k.db"))
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	orgs := write("orgs.csv", "name,kind\nTeachers Union,union\nNorthside Clinic,nonprofit\n")
	members := write("members.csv", "email,name,organization,role\nmaria@example.org,María,Teachers Union,Organizer\nbo@example.org,Bo,Ghost Org,Chair\n")

	code, out, stderr := runCmd(t, "", "import", "organizations", orgs)
	if code != 0 || !strings.Contains(out, "2 created") {
		t.Fatalf("import organizations: %d %q %q", code, out, stderr)
	}
	code, out, _ = runCmd(t, "", "import", "--dry-run", "members", members)
	if code != 0 || !strings.Contains(out, "members.csv:3: organization") || !strings.Contains(out, "nothing written") {
		t.Errorf("dry run: %d %q", code, out)
	}
	code, out, _ = runCmd(t, "", "import", "members", members)
	if code != 2 || !strings.Contains(out, "nothing was imported") {
		t.Errorf("bad rows: %d %q", code, out)
	}
	code, out, _ = runCmd(t, "", "import", "members", members, "--skip-bad-rows", "--quiet")
	if code != 0 || !strings.Contains(out, "1 created") {
		t.Errorf("skip bad rows: %d %q", code, out)
	}
	code, out, _ = runCmd(t, "", "export", "members")
	if code != 0 || !strings.Contains(out, "maria@example.org") || strings.Contains(out, "bo@example.org") {
		t.Errorf("export: %d %q", code, out)
	}
	code, _, stderr = runCmd(t, "", "import", "people", members)
	if code != 2 || !strings.Contains(stderr, "organizations, members or affiliations") {
		t.Errorf("unknown kind: %d %q", code, stderr)
	}
	latin1 := write("latin1.csv", "email,name\nx@example.org,Jos\xe9\n")
	code, _, stderr = runCmd(t, "", "import", "members", latin1)
	if code != 2 || !strings.Contains(stderr, "UTF-8") {
		t.Errorf("latin-1 file: %d %q", code, stderr)
	}
}
