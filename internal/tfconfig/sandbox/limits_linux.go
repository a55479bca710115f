package sandbox

import (
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// setLimits sets the memory and CPU limits of the process pid (prlimit),
// soft and hard alike: the child can neither raise them nor outlive its
// CPU time (the kernel sends SIGKILL at the hard limit).
func setLimits(pid int, memory int64, cpu time.Duration) error {
	mem := &unix.Rlimit{Cur: uint64(memory), Max: uint64(memory)}
	if err := unix.Prlimit(pid, unix.RLIMIT_DATA, mem, nil); err != nil {
		return err
	}
	secs := uint64(cpu / time.Second)
	return unix.Prlimit(pid, unix.RLIMIT_CPU, &unix.Rlimit{Cur: secs, Max: secs}, nil)
}

// processGroup makes the child the leader of a process group of its own,
// which killGroup kills, and has the kernel kill it if the server dies
// (Pdeathsig follows the thread that started the child: the server locks
// no goroutine to a thread that could end, so it is the server's life).
func processGroup(attr *syscall.SysProcAttr) {
	attr.Setpgid = true
	attr.Pdeathsig = syscall.SIGKILL
}

// killGroup kills the process group of pid.
func killGroup(pid int) { syscall.Kill(-pid, syscall.SIGKILL) }
