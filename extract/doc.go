// Package extract finds repatriation events in an article's text with
// gazetteers, rules and, optionally, prose/v2 named-entity recognition.
// Every value it returns keeps its evidence: byte offsets into
// ingest.Article.Text, the sentence it stands in and the rule that
// produced it.
//
// Extraction runs in plain steps, top to bottom in Extract:
//
//  1. The text is split into sentences (a line break always ends one, so
//     page furniture stays apart) and tokens, each with byte spans.
//  2. Each sentence is matched against the gazetteers: countries by name,
//     official form, adjective, people noun, acronym, capital and the
//     camps and cities people are held in; organisations (UNICEF, ICRC,
//     SDF, the Kurdish-led administration, UN bodies, ...) and national
//     Red Cross and Red Crescent societies.
//  3. Trigger words ("repatriated", "handed over", "brought home", "the
//     return of") mark sentences that may report a transfer; a plan, call,
//     wish or denial before a trigger ("will", "calls to", "waiting to be")
//     negates it.
//  4. Each clause with an affirmed trigger yields partials: counts of
//     people (count.*), a transfer date resolved against the publication
//     date (date.*; announcement dates and relative-clause dates are
//     skipped), places people came from (from.*), helpers (partner.*; only
//     after "with the support of", "thanked", "coordinated by" and the like,
//     or as the subject of "facilitated", "handed over"), an operation name
//     (operation.*) and cumulative cues ("since 2019", "so far").
//     With Options.NER, prose also proposes organisations the gazetteer
//     lacks where a helper phrase names capitalised words it does not cover.
//  5. assemble merges partials into events: one per operation, however
//     often the title, lead and body repeat it. Partials join an event of
//     the same country when no count or date disagrees and they are linked
//     by an equal count, parts that make up a stated total, or the same
//     date; partials without counts add their date, helpers and places to
//     the article's main event.
//
// The vocabulary the rules match (trigger words, plan and denial words,
// count blockers, people nouns, partner cues, qualifier words, organisation
// head words) and the gazetteers of countries, organisations, capitals
// and held places are data: embedded files under lexicon/<event type>/, parsed
// once in New into a lexicon that each sentence reads. The code keeps the
// grammar: punctuation, articles, structural prepositions, month, weekday
// and number words. lexicon/README.md describes the lists.
//
// Where the corpus guide leaves a phrasing open, the rules decide so:
//
//   - "a dozen", "dozens" and "a mother" state no integer and give no
//     count; "nearly" and "almost" qualify a count as about, as the dev
//     gold does ("nearly 9,000 individuals").
//   - An operation told over several days ("flown out on Friday",
//     "arrived on Saturday") takes its first day; a handover before the
//     flight does not start it. "overnight" and "a week ago" date
//     nothing; "last week" gives its month when the week lies in one.
//   - A date that opens the sentence before who said it ("On Thursday,
//     the ministry said") dates the statement, not the transfer.
//   - A country that brings its own people home in the same sentence ("a
//     joint operation with Denmark, which repatriated three women") gets
//     its own event and is no partner.
//   - The article-wide place people come from is a "from" in a sentence
//     that reports no transfer itself; a camp population ("children still
//     held in camps in Syria") is not one.
//   - ", bringing the total to 531" is a cumulative event of its own.
//
// Score compares events with hand-made gold the way the corpus's score.py
// does.
package extract
