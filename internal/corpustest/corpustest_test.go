package corpustest

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
)

// recorder stands in for a test and notes how Skip ended it.
type recorder struct{ fatal, skip string }

func (r *recorder) Helper()                        {}
func (r *recorder) Fatalf(format string, a ...any) { r.fatal = fmt.Sprintf(format, a...) }
func (r *recorder) Skipf(format string, a ...any)  { r.skip = fmt.Sprintf(format, a...) }

func TestSkip(t *testing.T) {
	tests := []struct {
		ci          string
		fatal, skip string
	}{
		{ci: "", skip: "../shared/corpus is absent"},
		{ci: "true", fatal: "CI is set but ../shared/corpus is absent"},
	}
	for _, tt := range tests {
		t.Run("CI="+tt.ci, func(t *testing.T) {
			t.Setenv("CI", tt.ci)
			var r recorder
			Skip(&r, "%s is absent", "../shared/corpus")
			assert.Equal(t, tt.fatal, r.fatal)
			assert.Equal(t, tt.skip, r.skip)
		})
	}
}
