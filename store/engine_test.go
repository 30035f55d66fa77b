package store

import (
	"errors"
	"fmt"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestDescribePostgres_connectionClosedMidAnswer: a server that crashes
// while a statement runs closes the connection mid-answer (pgx reports an
// unexpected EOF); the user is told the server went away.
func TestDescribePostgres_connectionClosedMidAnswer(t *testing.T) {
	for _, cause := range []error{io.ErrUnexpectedEOF, io.EOF} {
		err := describePostgres(fmt.Errorf("save gen-0050: %w", cause))
		assert.ErrorContains(t, err, "database server went away")
		assert.True(t, errors.Is(err, cause), "the cause stays wrapped")
	}
	plain := errors.New("something else")
	assert.Equal(t, plain, describePostgres(plain))
}
