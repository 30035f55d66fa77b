package extract

import (
	"strconv"
	"strings"
)

var smallNumbers = map[string]int{
	"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
	"eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
	"fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
	"nineteen": 19,
}

var tens = map[string]int{
	"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
	"seventy": 70, "eighty": 80, "ninety": 90,
}

// wordNumber parses one number word below a hundred: "seven", "forty",
// "thirty-one".
func wordNumber(w string) (int, bool) {
	if v, ok := smallNumbers[w]; ok {
		return v, true
	}
	if v, ok := tens[w]; ok {
		return v, true
	}
	if a, b, ok := strings.Cut(w, "-"); ok {
		t, ok1 := tens[a]
		u, ok2 := smallNumbers[b]
		if ok1 && ok2 && u < 10 {
			return t + u, true
		}
	}
	return 0, false
}

// digitNumber parses "12", "1,200" or "2,448". Ranges ("6-9"), decimals
// and words with digits ("18-year-old") are not numbers of people.
func digitNumber(w string) (int, bool) {
	if w == "" || w[0] < '0' || w[0] > '9' {
		return 0, false
	}
	if strings.Contains(w, ",") {
		parts := strings.Split(w, ",")
		for i, p := range parts {
			if (i > 0 && len(p) != 3) || len(p) == 0 || len(p) > 3 {
				return 0, false
			}
		}
		w = strings.Join(parts, "")
	}
	v, err := strconv.Atoi(w)
	if err != nil {
		return 0, false
	}
	return v, true
}

// parseNumber reads a number of people starting at token i of low (lower
// case token texts): digits ("12", "1,200"), or words such as "seven",
// "Thirty-one", "twenty five", "two hundred and five", "twelve hundred"
// and "one thousand two hundred". It returns the value and how many
// tokens it used. "A dozen" and "dozens" are vague and no number.
func parseNumber(low []string, i int) (value, n int, ok bool) {
	if v, ok := digitNumber(low[i]); ok {
		return v, 1, true
	}
	if _, ok := wordNumber(low[i]); !ok {
		return 0, 0, false
	}
	total, cur := 0, 0
	k := i
	for k < len(low) {
		w := low[k]
		if v, ok := wordNumber(w); ok {
			switch {
			case cur%100 == 0:
				cur += v
			case cur%100 >= 20 && cur%10 == 0 && v < 10:
				// "twenty five"
				cur += v
			default:
				return total + cur, k - i, true
			}
			k++
			continue
		}
		switch {
		case w == "hundred" && cur >= 1 && cur < 100 && k > i && low[k-1] != "and":
			cur *= 100
		case w == "thousand" && cur >= 1 && total == 0 && k > i && low[k-1] != "and":
			total, cur = cur*1000, 0
		case w == "and" && k > i && (low[k-1] == "hundred" || low[k-1] == "thousand") && k+1 < len(low) && isWordNumber(low[k+1]):
			// "two hundred and five"
		default:
			return total + cur, k - i, true
		}
		k++
	}
	return total + cur, k - i, true
}

func isWordNumber(w string) bool {
	_, ok := wordNumber(w)
	return ok
}
