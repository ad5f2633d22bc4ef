package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"strings"
)

// runSklearn runs sklearn.py with /usr/bin/python3 and returns
// dataset → pipeline → median AMI.
func runSklearn(ctx context.Context, data string, names []string) (map[string]map[string]float64, error) {
	args := append([]string{"-", data}, names...)
	cmd := exec.CommandContext(ctx, "/usr/bin/python3", args...)
	cmd.Stdin = strings.NewReader(sklearnScript)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("scikit-learn pipelines: %w: %s", err, stderr.String())
	}
	res := map[string]map[string]float64{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		var r struct {
			Dataset, Pipeline string
			AMI               float64
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return nil, fmt.Errorf("scikit-learn output: %w", err)
		}
		if res[r.Dataset] == nil {
			res[r.Dataset] = map[string]float64{}
		}
		res[r.Dataset][r.Pipeline] = r.AMI
	}
	return res, nil
}
