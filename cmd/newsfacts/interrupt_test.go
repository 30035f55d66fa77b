//go:build unix

package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsfacts/newsfacts/extract"
	"github.com/newsfacts/newsfacts/ingest"
	"github.com/newsfacts/newsfacts/store"
)

// TestIngest_ctrlCKeepsStoredWork interrupts an ingest the way Ctrl-C does:
// it stops with status 130, says so, keeps every article it reported as
// stored, and a re-run finds those unchanged and stores the rest.
func TestIngest_ctrlCKeepsStoredWork(t *testing.T) {
	bin, dir, inputs := processFixture(t)
	dbPath := filepath.Join(dir, "int.db")
	args := append([]string{"ingest", "--db", dbPath, "--quiet"}, inputs...)

	cmd := exec.Command(bin, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Start())
	exited := make(chan struct{})
	var err error
	go func() { err = cmd.Wait(); close(exited) }()
	waitForArticles(t, dbPath, 50, exited)
	require.NoError(t, cmd.Process.Signal(os.Interrupt))
	<-exited

	var exit *exec.ExitError
	require.True(t, errors.As(err, &exit), "ingest ended with %v: %s", err, stderr.String())
	assert.Equal(t, exitSignal, exit.ExitCode())
	assert.Contains(t, stderr.String(), "interrupted: everything saved before the interrupt is stored")
	first := summary(t, stderr.String())
	stored := checkDatabase(t, dbPath)["articles"]
	assert.Equal(t, first[1], stored, "the summary's new count is what is stored")
	require.Less(t, stored, 400, "interrupted before the end")

	again := exec.Command(bin, args...)
	var stderr2 bytes.Buffer
	again.Stderr = &stderr2
	require.NoError(t, again.Run(), stderr2.String())
	second := summary(t, stderr2.String())
	assert.Equal(t, [5]int{400, 400 - stored, stored, 0, 0}, second)
	assert.Equal(t, 400, checkDatabase(t, dbPath)["articles"])
}

// TestWriteInOrder_savesAfterCancel: once the run is cancelled, articles
// already extracted and counted are still saved, batch by batch, so the
// summary's new count is what the database holds.
func TestWriteInOrder_savesAfterCancel(t *testing.T) {
	db, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "cancel.db"))
	require.NoError(t, err)
	defer db.Close()
	x, err := extract.New(extract.Options{})
	require.NoError(t, err)

	const n = batchSize + 1 // one full batch saved inside the loop, one at the end
	done := make(chan *job, n)
	for i := range n {
		a := ingest.Article{SourceID: fmt.Sprintf("c-%d", i), Input: "test", Format: "txt",
			Text: fmt.Sprintf("Report %d. ", i) + eventSentence}
		r, err := x.Extract(t.Context(), a)
		require.NoError(t, err)
		done <- &job{seq: i, article: a, result: r}
	}
	close(done)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	st := &ingestStats{start: time.Now()}
	require.NoError(t, writeInOrder(ctx, db, done, st, newProgress(io.Discard, false), io.Discard))
	assert.Equal(t, n, st.read)
	assert.Equal(t, n, st.new)
	counts, err := db.TableCounts(t.Context())
	require.NoError(t, err)
	assert.Equal(t, n, counts["articles"])
}

// TestIngest_firstSignalStopsAWaitingRead: Ctrl-C stops an ingest at once
// even while it waits on input (standard input that never ends), with the
// interrupted status and what it stored.
func TestIngest_firstSignalStopsAWaitingRead(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary; skipped with -short")
	}
	bin := buildCLI(t)
	dbPath := filepath.Join(t.TempDir(), "wait.db")
	cmd := exec.Command(bin, "ingest", "--db", dbPath, "--no-ner", "-")
	stdin, err := cmd.StdinPipe()
	require.NoError(t, err)
	defer stdin.Close()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Start())
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	// The binary has started once it has created the database.
	require.Eventually(t, func() bool { _, err := os.Stat(dbPath); return err == nil }, 30*time.Second, 20*time.Millisecond)
	time.Sleep(200 * time.Millisecond)
	require.NoError(t, cmd.Process.Signal(os.Interrupt))
	select {
	case err := <-exited:
		var exit *exec.ExitError
		require.True(t, errors.As(err, &exit), "ingest ended with %v: %s", err, stderr.String())
		assert.Equal(t, exitSignal, exit.ExitCode(), stderr.String())
		assert.Contains(t, stderr.String(), "interrupted")
	case <-time.After(10 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatalf("still running 10 s after Ctrl-C: %s", stderr.String())
	}
}

// TestSignalContext_secondSignalQuits runs signalContext in a child
// process (this test binary again) that ignores the cancellation, as a step
// that cannot be interrupted would: the first SIGINT cancels, the second
// ends the process.
func TestSignalContext_secondSignalQuits(t *testing.T) {
	if os.Getenv("NEWSFACTS_SIGNAL_CHILD") == "1" {
		ctx, stop := signalContext(os.Stderr)
		defer stop()
		fmt.Println("ready")
		<-ctx.Done()
		fmt.Println("cancelled")
		time.Sleep(time.Minute) // a step that does not look at ctx
		return
	}
	if testing.Short() {
		t.Skip("runs a child process; skipped with -short")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestSignalContext_secondSignalQuits$")
	cmd.Env = append(os.Environ(), "NEWSFACTS_SIGNAL_CHILD=1")
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Start())
	lines := bufio.NewScanner(out)
	require.True(t, lines.Scan())
	require.Equal(t, "ready", lines.Text())
	require.NoError(t, cmd.Process.Signal(os.Interrupt))
	require.True(t, lines.Scan())
	require.Equal(t, "cancelled", lines.Text())
	require.NoError(t, cmd.Process.Signal(os.Interrupt))
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	select {
	case err := <-exited:
		var exit *exec.ExitError
		require.True(t, errors.As(err, &exit), "child ended with %v", err)
		ws, ok := exit.Sys().(syscall.WaitStatus)
		require.True(t, ok)
		assert.True(t, ws.Signaled() && ws.Signal() == syscall.SIGINT, "killed by the second SIGINT: %v", ws)
		assert.Contains(t, stderr.String(), "press Ctrl-C again to quit at once")
	case <-time.After(10 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatal("the second Ctrl-C did not end the process")
	}
}
