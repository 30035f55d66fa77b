package main

import (
	"fmt"
	"io"
	"time"
)

// progress draws a one-line status on a terminal, at most ten times a
// second. Off a terminal it draws nothing: logs get plain lines only.
type progress struct {
	w    io.Writer
	on   bool
	last time.Time
	line bool // a status line is on screen
}

func newProgress(w io.Writer, on bool) *progress { return &progress{w: w, on: on} }

func (p *progress) update(st *ingestStats) {
	if !p.on || time.Since(p.last) < 100*time.Millisecond {
		return
	}
	p.last = time.Now()
	rate := float64(st.read) / time.Since(st.start).Seconds()
	fmt.Fprintf(p.w, "\r\033[K%d read, %d new, %d unchanged, %d failed, %d events  %.0f/s",
		st.read, st.new, st.unchanged, len(st.failures), st.events, rate)
	p.line = true
}

// println prints a message line, clearing the status line first.
func (p *progress) println(w io.Writer, msg string) {
	if p.line {
		fmt.Fprint(p.w, "\r\033[K")
		p.line = false
	}
	fmt.Fprintln(w, msg)
}

func (p *progress) done() {
	if p.line {
		fmt.Fprint(p.w, "\r\033[K")
		p.line = false
	}
}
