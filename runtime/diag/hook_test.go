package diag

import (
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
)

func TestHookGetsEveryEventInOrder(t *testing.T) {
	l := NewLogger(8)
	l.Enable()
	var got []Event
	l.SetHook(func(e *Event, dropped uint64) {
		if dropped != 0 {
			t.Errorf("dropped %d", dropped)
		}
		got = append(got, *e)
	})
	for i := 0; i < 100; i++ {
		l.Add(Info, "m", strconv.Itoa(i))
	}
	l.Add(Debug, "m", "below the level: not kept, not delivered")
	l.SetHook(nil) // returns once everything queued was delivered
	if len(got) != 100 {
		t.Fatalf("%d events delivered", len(got))
	}
	for i, e := range got {
		if e.Message != strconv.Itoa(i) || e.Seq != uint64(i+1) || e.Module != "m" || e.Level != Info {
			t.Fatalf("event %d: %+v", i, e)
		}
	}
	if s := l.HookStats(); s.Delivered != 100 || s.Dropped != 0 {
		t.Fatalf("%+v", s)
	}
	l.Add(Info, "m", "after: not delivered")
	if len(got) != 100 {
		t.Fatal("delivered after SetHook(nil)")
	}
	if l.Len() != 8 {
		t.Fatalf("the ring holds %d", l.Len())
	}
}

func TestHookAlwaysWhenDisabled(t *testing.T) {
	l := NewLogger(8)
	var n atomic.Int32
	l.SetHook(func(*Event, uint64) { n.Add(1) })
	l.Add(Error, "m", "off")
	l.Always(Error, "ffi", "panic")
	l.FlushHook()
	if n.Load() != 1 {
		t.Fatalf("%d delivered", n.Load())
	}
	l.SetHook(nil)
	l.SetHook(nil) // twice is fine
	l.FlushHook()  // with no hook too
}

// A hook that blocks: the logging thread never waits; what does not fit in
// the queue is dropped and counted; nothing is lost from the ring.
func TestSlowHookDropsAndNeverBlocks(t *testing.T) {
	l := NewLogger(10000)
	l.Enable()
	release := make(chan struct{})
	entered := make(chan struct{})
	var once sync.Once
	var got atomic.Int64
	var lastDropped atomic.Uint64
	l.SetHook(func(e *Event, dropped uint64) {
		once.Do(func() { close(entered) })
		<-release
		got.Add(1)
		lastDropped.Store(dropped)
	})
	l.Add(Info, "m", "first")
	<-entered // the hook holds the first event: the queue is empty
	const n = 3 * HookQueue
	for i := 0; i < n; i++ {
		l.Add(Info, "m", "x") // would hang here if a full queue blocked
	}
	s := l.HookStats()
	if s.Dropped != n-HookQueue {
		t.Fatalf("dropped %d, want %d", s.Dropped, n-HookQueue)
	}
	close(release)
	l.SetHook(nil)
	if got.Load() != 1+HookQueue || lastDropped.Load() != n-HookQueue {
		t.Fatalf("delivered %d (dropped seen %d)", got.Load(), lastDropped.Load())
	}
	if l.Len() != n+1 {
		t.Fatalf("the ring lost events: %d", l.Len())
	}
}

func TestHookReplacedAndPanicking(t *testing.T) {
	l := NewLogger(8)
	l.Enable()
	var a, b []string
	l.SetHook(func(e *Event, _ uint64) { a = append(a, e.Message) })
	l.Add(Info, "m", "1")
	l.SetHook(func(e *Event, _ uint64) {
		b = append(b, e.Message)
		if e.Message == "boom" {
			panic("hook panics")
		}
	})
	l.Add(Info, "m", "boom")
	l.Add(Info, "m", "2")
	l.SetHook(nil)
	if len(a) != 1 || a[0] != "1" || len(b) != 2 || b[1] != "2" {
		t.Fatalf("a %v b %v", a, b)
	}
	if s := l.HookStats(); s.Panics != 1 || s.Delivered != 2 {
		t.Fatalf("%+v", s)
	}
}

// Events logged by a call the hook makes are kept but not delivered.
func TestHookReentrantEventsNotDelivered(t *testing.T) {
	l := NewLogger(8)
	l.Enable()
	var inside atomic.Bool
	l.SetHookThreadCheck(func() bool { return inside.Load() })
	var got []string
	l.SetHook(func(e *Event, _ uint64) {
		got = append(got, e.Message)
		if !l.InHook() {
			t.Error("InHook false inside the hook")
		}
		inside.Store(true)
		l.Add(Warn, "m", "from the hook: "+e.Message)
		inside.Store(false)
	})
	// the thread check is a flag, not the hook's thread: nothing else may
	// log while the hook runs (it runs on its own goroutine), so each event
	// is delivered before the next is logged
	l.Add(Info, "m", "a")
	l.FlushHook()
	l.Add(Info, "m", "b")
	l.FlushHook() // SetHook(nil) at once stops queuing, even from the hook
	l.SetHook(nil)
	l.SetHookThreadCheck(nil)
	if len(got) != 2 || l.Len() != 4 || l.HookStats().Reentrant != 2 {
		t.Fatalf("got %v, ring %d, %+v", got, l.Len(), l.HookStats())
	}
	if l.InHook() {
		t.Fatal("InHook after the hook")
	}
}

// Hooks set and cleared while many goroutines log (run under -race).
func TestHookConcurrent(t *testing.T) {
	l := NewLogger(64)
	l.Enable()
	var wg sync.WaitGroup
	var delivered atomic.Int64
	stop := make(chan struct{})
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
					l.Add(Info, "m", "x")
				}
			}
		}()
	}
	for i := 0; i < 50; i++ {
		l.SetHook(func(*Event, uint64) { delivered.Add(1) })
		l.FlushHook()
		l.SetHook(nil)
	}
	close(stop)
	wg.Wait()
	s := l.HookStats()
	if uint64(delivered.Load()) != s.Delivered {
		t.Fatalf("%d delivered, stats %+v", delivered.Load(), s)
	}
}

func BenchmarkAddWithHook(b *testing.B) {
	l := NewLogger(1024)
	l.Enable()
	l.SetHook(func(*Event, uint64) {})
	defer l.SetHook(nil)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		l.Add(Info, "m", "message")
	}
}
