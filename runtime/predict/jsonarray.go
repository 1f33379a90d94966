package predict

import (
	"strconv"

	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/runtime/jsonscan"
	"github.com/minimact/engine/runtime/predict/outcome"
)

// eachObject walks src, a JSON array of objects (a learn batch, a hint's
// state changes): it calls f with the scanner at each element's '{' (at is
// its offset), and f consumes the element. array and entry name the array
// and an element in errors ("the batch", "batch entry 3 is not an object").
// The first error, f's or the array's, ends the walk.
func eachObject(src []byte, array, entry string, f func(sc *jsonscan.Scanner, at int) error) error {
	var sc jsonscan.Scanner
	sc.Reset(src)
	if sc.Peek() != '[' {
		return outcome.ErrAt(vdom.Serialization, sc.Pos, array+" must be a JSON array")
	}
	sc.Pos++
	for i := 0; ; i++ {
		c := sc.Peek()
		if c == ']' {
			sc.Pos++
			break
		}
		if i > 0 {
			if c != ',' {
				return outcome.ErrAt(vdom.Serialization, sc.Pos, "expected ',' or ']' in "+array)
			}
			sc.Pos++
			c = sc.Peek()
		}
		if c != '{' {
			return outcome.ErrAt(vdom.Serialization, sc.Pos, entry+" "+strconv.Itoa(i)+" is not an object")
		}
		if err := f(&sc, sc.Pos); err != nil {
			return err
		}
	}
	if sc.Peek(); sc.Pos != len(src) {
		return outcome.ErrAt(vdom.Serialization, sc.Pos, "unexpected data after "+array)
	}
	return nil
}
