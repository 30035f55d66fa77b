package store

import (
	"context"
	"fmt"
	"testing"
)

// BenchmarkSave measures saving new articles with one event each, in
// batches of 64 as the CLI does, into each engine.
func BenchmarkSave(b *testing.B) {
	for _, eng := range testEngines {
		b.Run(eng.name, func(b *testing.B) {
			ctx := context.Background()
			db, err := Open(ctx, eng.dsn(b))
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
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
		})
	}
}
