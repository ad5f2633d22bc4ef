package main

import "syscall"

// childAttr puts the child in its own process group, so Ctrl+C reaches only
// the benchmark (which then stops the child in order), and has the kernel
// kill the child if the benchmark itself dies without cleaning up.
func childAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}
