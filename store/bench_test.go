package store

import (
	"context"
	"fmt"
	"testing"
)

// BenchmarkSave measures saving new articles with one event each, in
// batches of 64 as the CLI does.
func BenchmarkSave(b *testing.B) {
	ctx := context.Background()
	db := mustOpen(b)
	const batch = 64
	items := make([]Item, batch)
	n := 0
	b.ReportAllocs()
	b.SetBytes(int64(len(sampleText) * batch))
	for b.Loop() {
		for i := range items {
			items[i] = sampleItem(b, fmt.Sprintf("art-%d", n), sampleText)
			n++
		}
		if _, err := db.Save(ctx, items...); err != nil {
			b.Fatal(err)
		}
	}
}
