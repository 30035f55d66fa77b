// Package review is the local web page on which people accept, reject and
// correct extracted events against their source text. New returns its
// http.Handler for a *store.DB; cmd/newsfacts only parses flags, listens
// and serves it.
//
// Every decision form carries the version of the event the page showed,
// and the store refuses a decision on a changed event (store.ErrConflict),
// so a decision never lands on values the reviewer did not see. Article
// text is never rendered as HTML: it is split into segments that
// html/template escapes, under a strict Content-Security-Policy, behind
// cross-origin protection and, on loopback, a host check.
package review
