// Package extract finds repatriation events in an article's text with
// gazetteers, rules and prose/v2 named-entity recognition. Every value it
// returns keeps its evidence: byte offsets into ingest.Article.Text, the
// sentence it stands in and the rule that produced it.
package extract
