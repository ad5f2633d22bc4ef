package main

import (
	"archive/tar"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// buildKindred compiles ./cmd/kindred into bin: from the working tree of the
// module the benchmark runs in, or, when rev is set, from that committed
// revision (extracted with git archive into scratch, so half-finished edits
// in the working tree do not end up in the figures). It returns what was
// built, for the report.
func buildKindred(ctx context.Context, bin, scratch, rev string) (string, error) {
	root, err := moduleRoot(ctx)
	if err != nil {
		return "", err
	}
	src, what := root, workingTree(ctx, root)
	if rev != "" {
		if src, what, err = extractRev(ctx, root, rev, scratch); err != nil {
			return "", err
		}
	}
	fmt.Fprintf(os.Stderr, "building ./cmd/kindred from the %s …\n", what)
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/kindred")
	cmd.Dir, cmd.Stdout, cmd.Stderr = src, os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("build kindred: %w", err)
	}
	return what, nil
}

// moduleRoot returns the directory of the go.mod the benchmark runs under.
func moduleRoot(ctx context.Context) (string, error) {
	out, err := exec.CommandContext(ctx, "go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", errors.New("run the benchmark inside the Kindred module (go run ./bench/load)")
	}
	return filepath.Dir(mod), nil
}

// workingTree describes the working tree: its commit and how many files
// differ from it. It never takes git's index lock.
func workingTree(ctx context.Context, root string) string {
	head, err := git(ctx, root, "rev-parse", "--short", "HEAD")
	if err != nil {
		return "working tree"
	}
	status, err := git(ctx, root, "--no-optional-locks", "status", "--porcelain")
	if err != nil || status == "" {
		return "working tree at " + head
	}
	return fmt.Sprintf("working tree at %s with %d uncommitted changes", head, strings.Count(status, "\n")+1)
}

// extractRev writes the files of rev into scratch/src and returns that
// directory and a description of the revision.
func extractRev(ctx context.Context, root, rev, scratch string) (string, string, error) {
	commit, err := git(ctx, root, "rev-parse", "--short", "--verify", rev+"^{commit}")
	if err != nil {
		return "", "", fmt.Errorf("--rev %s: %w", rev, err)
	}
	cmd := exec.CommandContext(ctx, "git", "-C", root, "archive", "--format=tar", commit)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", "", fmt.Errorf("git archive %s: %w: %s", commit, err, strings.TrimSpace(stderr.String()))
	}
	src := filepath.Join(scratch, "src")
	if err := untar(bytes.NewReader(out), src); err != nil {
		return "", "", fmt.Errorf("extract %s: %w", commit, err)
	}
	return src, fmt.Sprintf("commit %s (--rev %s)", commit, rev), nil
}

// git runs a read-only git command in root and returns its trimmed output.
func git(ctx context.Context, root string, args ...string) (string, error) {
	out, err := exec.CommandContext(ctx, "git", append([]string{"-C", root}, args...)...).Output()
	if err != nil {
		return "", fmt.Errorf("git %s: %w", strings.Join(args, " "), err)
	}
	return strings.TrimSpace(string(out)), nil
}

// untar writes the regular files and directories of a tar stream under dir,
// refusing names that would land outside it.
func untar(r io.Reader, dir string) error {
	tr := tar.NewReader(r)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if !filepath.IsLocal(h.Name) {
			return fmt.Errorf("unsafe path %q in archive", h.Name)
		}
		if err := writeEntry(tr, h, filepath.Join(dir, h.Name)); err != nil {
			return err
		}
	}
}

// writeEntry writes one tar entry; links and other special files are skipped.
func writeEntry(r io.Reader, h *tar.Header, path string) error {
	switch h.Typeflag {
	case tar.TypeDir:
		return os.MkdirAll(path, 0o755)
	case tar.TypeReg:
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, os.FileMode(h.Mode)&0o755|0o600)
		if err != nil {
			return err
		}
		if _, err := io.Copy(f, r); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	}
	return nil
}
