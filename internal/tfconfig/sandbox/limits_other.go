//go:build unix && !linux

package sandbox

import (
	"errors"
	"syscall"
	"time"
)

// setLimits needs Linux's prlimit: elsewhere the server does not evaluate
// configurations (it answers that it cannot; the CLI can).
func setLimits(pid int, memory int64, cpu time.Duration) error {
	return errors.New("bounding a child's memory and CPU time needs Linux (prlimit)")
}

func processGroup(attr *syscall.SysProcAttr) { attr.Setpgid = true }

func killGroup(pid int) { syscall.Kill(-pid, syscall.SIGKILL) }
