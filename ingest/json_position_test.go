package ingest

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRead_jsonArrayErrorsPointAtTheRecord(t *testing.T) {
	body := "[\n" +
		`  {"id": "a-1", "maintext": "One."},` + "\n" +
		`  {"id": 7, "maintext": "Two."},` + "\n" +
		`  {"id": "a-3", "maintext": "Three."}` + "\n]\n"
	p := writeFile(t, t.TempDir(), "array.json", body)
	arts, errs := collect(t, []string{p}, Options{})
	require.Len(t, errs, 1)
	assert.Equal(t, p+":3:11: field \"id\" is a JSON number, want a string", errs[0].Error())
	require.Len(t, arts, 2)
}
