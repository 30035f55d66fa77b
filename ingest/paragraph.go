package ingest

import (
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// pageText is a page's visible text with runs of white space collapsed to
// one space, and where each piece of it came from.
type pageText struct {
	flat  strings.Builder
	spans []textSpan // in document order
}

// textSpan is the part [start, end) of pageText.flat that a text node gave.
type textSpan struct {
	start, end int
	node       *html.Node
}

func newPageText(doc *html.Node) *pageText {
	p := &pageText{}
	p.add(doc)
	return p
}

func (p *pageText) add(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		words := strings.Fields(n.Data)
		if len(words) == 0 {
			p.space()
			return
		}
		if r, _ := utf8.DecodeRuneInString(n.Data); unicode.IsSpace(r) {
			p.space()
		}
		start := p.flat.Len()
		p.flat.WriteString(strings.Join(words, " "))
		p.spans = append(p.spans, textSpan{start, p.flat.Len(), n})
		if r, _ := utf8.DecodeLastRuneInString(n.Data); unicode.IsSpace(r) {
			p.space()
		}
		return
	case html.ElementNode:
		switch n.DataAtom {
		case atom.Head, atom.Script, atom.Style, atom.Noscript, atom.Template:
			return
		}
	}
	block := n.Type == html.ElementNode && !inlineElement(n.DataAtom)
	if block {
		p.space()
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		p.add(c)
	}
	if block {
		p.space()
	}
}

// space ends the current word, once.
func (p *pageText) space() {
	if n := p.flat.Len(); n > 0 && p.flat.String()[n-1] != ' ' {
		p.flat.WriteByte(' ')
	}
}

func inlineElement(a atom.Atom) bool {
	switch a {
	case atom.A, atom.Abbr, atom.B, atom.Bdi, atom.Bdo, atom.Cite, atom.Code, atom.Data,
		atom.Dfn, atom.Em, atom.I, atom.Kbd, atom.Mark, atom.Q, atom.S, atom.Samp,
		atom.Small, atom.Span, atom.Strong, atom.Sub, atom.Sup, atom.Time, atom.U,
		atom.Var, atom.Font, atom.Ins, atom.Del:
		return true
	}
	return false
}

// nodeAt returns the index of the span holding flat offset off.
func (p *pageText) nodeAt(off int) int {
	i := sort.Search(len(p.spans), func(i int) bool { return p.spans[i].end > off })
	if i == len(p.spans) {
		i--
	}
	return i
}

// element returns the innermost element holding all of flat[start:end).
func (p *pageText) element(start, end int) *html.Node {
	if len(p.spans) == 0 {
		return nil
	}
	a := p.spans[p.nodeAt(start)].node.Parent
	b := p.spans[p.nodeAt(end-1)].node
	for ; a != nil; a = a.Parent {
		if contains(a, b) {
			return a
		}
	}
	return nil
}

func contains(a, b *html.Node) bool {
	for ; b != nil; b = b.Parent {
		if a == b {
			return true
		}
	}
	return false
}

// locateParagraphs splits text into paragraphs at line breaks and finds
// the element of the page each came from. Paragraphs are searched for in
// page order, so a repeated sentence maps to its next occurrence; one the
// page does not hold verbatim is located by its first words, and when even
// those are missing its Path is empty.
func locateParagraphs(doc *html.Node, text string) []Paragraph {
	page := newPageText(doc)
	flat := page.flat.String()
	var paras []Paragraph
	paths := elementPaths{}
	cursor := 0
	for start := 0; start < len(text); {
		end := strings.IndexByte(text[start:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += start
		}
		line := text[start:end]
		lo, hi := start+len(line)-len(strings.TrimLeft(line, " \t")), start+len(strings.TrimRight(line, " \t"))
		if lo < hi {
			para := Paragraph{Start: lo, End: hi}
			if s, e, ok := find(flat, collapseSpace(text[lo:hi]), cursor); ok {
				if el := page.element(s, e); el != nil {
					para.Path = paths.path(el)
				}
				cursor = e
			}
			paras = append(paras, para)
		}
		start = end + 1
	}
	return paras
}

// find looks for needle in flat from the cursor on, then from the start,
// then for its first eight words.
func find(flat, needle string, cursor int) (start, end int, ok bool) {
	if needle == "" {
		return 0, 0, false
	}
	if i := strings.Index(flat[cursor:], needle); i >= 0 {
		return cursor + i, cursor + i + len(needle), true
	}
	if i := strings.Index(flat, needle); i >= 0 {
		return i, i + len(needle), true
	}
	words := strings.Fields(needle)
	if len(words) > 8 {
		return find(flat, strings.Join(words[:8], " "), cursor)
	}
	return 0, 0, false
}

// elementPaths builds CSS selectors for elements of one page, such as
// "html > body > div:nth-of-type(2) > article > p:nth-of-type(3)";
// document.querySelector finds the element with it. It numbers each
// parent's children once: counting the siblings again for every paragraph
// made a page of many paragraphs quadratic (1 MiB of them took 5 s).
type elementPaths map[*html.Node]nthOfType

// nthOfType is an element's position among its parent's children of the
// same tag, and how many there are.
type nthOfType struct{ nth, of int }

func (ep elementPaths) path(n *html.Node) string {
	var parts []string
	for ; n != nil && n.Type == html.ElementNode; n = n.Parent {
		part := n.Data
		if pos := ep.position(n); pos.of > 1 {
			part += ":nth-of-type(" + strconv.Itoa(pos.nth) + ")"
		}
		parts = append(parts, part)
	}
	for i, j := 0, len(parts)-1; i < j; i, j = i+1, j-1 {
		parts[i], parts[j] = parts[j], parts[i]
	}
	return strings.Join(parts, " > ")
}

func (ep elementPaths) position(n *html.Node) nthOfType {
	if pos, ok := ep[n]; ok || n.Parent == nil {
		return pos
	}
	counts := map[string]int{}
	for s := n.Parent.FirstChild; s != nil; s = s.NextSibling {
		if s.Type == html.ElementNode {
			counts[s.Data]++
			ep[s] = nthOfType{nth: counts[s.Data]}
		}
	}
	for s := n.Parent.FirstChild; s != nil; s = s.NextSibling {
		if s.Type == html.ElementNode {
			ep[s] = nthOfType{nth: ep[s].nth, of: counts[s.Data]}
		}
	}
	return ep[n]
}
