//go:build !linux

package main

import "syscall"

// childAttr keeps the defaults elsewhere: Ctrl+C then reaches the child too,
// and the benchmark still stops it on the way out.
func childAttr() *syscall.SysProcAttr { return nil }
