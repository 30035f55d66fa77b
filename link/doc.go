// Package link groups events of different articles that describe the same
// repatriation operation, and works out what an operation's sources agree on.
//
// Linking is a pure function over events: Link takes every event (with its
// article's publication date), the operations of the previous run and the
// reviewers' decisions, and returns operations. It reads nothing else, so
// the same input always gives the same operations, and a new article's
// events join the operations already there instead of reshuffling them.
//
// Two events may be one operation only when nothing contradicts it: the
// same country, different articles, neither a cumulative total, dates that
// agree (equal within two days, or one containing the other), counts that
// agree (allowing for partial groups and rounding) and origins that share a
// country or are unstated. Among compatible pairs, those with evidence are
// joined strongest first, each join checked against every member: a
// matching day, an equal count under a containing date or the same name
// first; the weak kinds (a containing date with close counts or none, an
// undated event with the same exact count or name, several groups counted
// alike under different years, an equal count on the same day of
// different stated years, an equal count dated by its article's
// publication day, which may be the announcement, a few days after the
// other) join only when the event has one candidate operation (and an
// undated event sharing only a small count with it, only when its other
// candidates are surely that operation too, or copies published within a
// week), or when its article already
// shares an operation with the candidate's (wire copies and roundups of a
// joint flight report every country's group). README.md ("How linking
// decides") says the same for users.
package link
