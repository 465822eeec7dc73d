package marking

import "testing"

func TestShapesHoldEveryNode(t *testing.T) {
	if got := len(Dense(1000)); got != 1000 {
		t.Errorf("Dense(1000) has %d nodes", got)
	}
	head := Chain(1000, 7)
	if got := Len(head); got != 1000 {
		t.Errorf("Chain(1000) links %d nodes", got)
	}
	// A shuffled chain does not follow allocation order: the labels, which
	// are allocation indexes, must not simply count up.
	inOrder := 0
	for n := head; n.Next != nil; n = n.Next {
		if n.Next.Data[0] == n.Data[0]+1 {
			inOrder++
		}
	}
	if inOrder > 100 {
		t.Errorf("%d of 999 links point to the next allocated node; the chain is not shuffled", inOrder)
	}
}
