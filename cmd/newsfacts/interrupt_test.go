package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
