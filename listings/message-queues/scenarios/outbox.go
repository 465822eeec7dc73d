package scenarios

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/nats-io/nats.go/jetstream"

	"playbook.example/message-queues/outbox"
)

// Agreement is where the orders and the events about them ended up.
type Agreement struct {
	Trace  Trace
	Orders []int64 // the orders the database holds
	Events []int64 // the orders the stream announced, in stream order
}

func placeRow(ctx context.Context, tx pgx.Tx, customer string, cents int64) (int64, []byte, error) {
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO orders (customer, amount_cents) VALUES ($1, $2) RETURNING id`,
		customer, cents).Scan(&id)
	if err != nil {
		return 0, nil, err
	}
	payload, err := json.Marshal(outbox.OrderPlaced{OrderID: id, Customer: customer, AmountCents: cents})
	return id, payload, err
}

// DualWrite writes the order to PostgreSQL and publishes its event directly, in both orders,
// and fails the second write each time: the broker stops after the commit, then the database
// session dies after the publish.
func DualWrite(ctx context.Context, env Env) (Agreement, error) {
	var r Agreement
	nc, js, err := env.Broker.Connect()
	if err != nil {
		return r, err
	}
	defer nc.Close()
	if _, err := outbox.Setup(ctx, env.DB, js); err != nil {
		return r, err
	}

	// ANCHOR: committhenpublish
	tx, err := env.DB.Begin(ctx)
	if err != nil {
		return r, err
	}
	id, payload, err := placeRow(ctx, tx, "ada", 4200)
	if err != nil {
		return r, err
	}
	r.Trace.Add("commit, then publish: order %d committed: %s", id, outcome(tx.Commit(ctx)))
	env.Broker.Stop() // the broker goes away between the two writes
	_, err = js.Publish(ctx, "orders.placed.ada", payload)
	r.Trace.Add("commit, then publish: publish order %d: %s", id, outcome(err))
	// ANCHOR_END: committhenpublish

	if err := env.Broker.Restart(); err != nil {
		return r, err
	}
	nc2, js, err := env.Broker.Connect()
	if err != nil {
		return r, err
	}
	defer nc2.Close()

	// ANCHOR: publishthencommit
	tx, err = env.DB.Begin(ctx)
	if err != nil {
		return r, err
	}
	defer tx.Rollback(ctx)
	id, payload, err = placeRow(ctx, tx, "bob", 1700)
	if err != nil {
		return r, err
	}
	ack, err := js.Publish(ctx, "orders.placed.bob", payload)
	if err != nil {
		return r, err
	}
	r.Trace.Add("publish, then commit: order %d published as stream message %d", id, ack.Sequence)
	if err := kill(ctx, env.DB, tx); err != nil { // the session dies between the two writes
		return r, err
	}
	r.Trace.Add("publish, then commit: commit order %d: %s", id, outcome(tx.Commit(ctx)))
	// ANCHOR_END: publishthencommit

	return r, r.finish(ctx, env, js)
}

// finish reads what the database and the stream hold and adds it to the trace.
func (r *Agreement) finish(ctx context.Context, env Env, js jetstream.JetStream) error {
	var err error
	if r.Orders, err = column(ctx, env.DB, `SELECT id FROM orders ORDER BY id`); err != nil {
		return err
	}
	stream, err := js.Stream(ctx, "ORDERS")
	if err != nil {
		return err
	}
	if r.Events, err = storedOrders(ctx, stream); err != nil {
		return err
	}
	r.Trace.Add("end: orders in PostgreSQL %v | orders announced in the stream %v", r.Orders, r.Events)
	return nil
}

// Outbox places orders through the outbox and relays them while the relay's session is killed
// between its publish and its commit, and while the broker is stopped.
func Outbox(ctx context.Context, env Env) (Agreement, error) {
	var r Agreement
	nc, js, err := env.Broker.Connect()
	if err != nil {
		return r, err
	}
	defer func() { nc.Close() }()
	if _, err := outbox.Setup(ctx, env.DB, js); err != nil {
		return r, err
	}
	place := func(o outbox.Order, killed bool) error {
		tx, err := env.DB.Begin(ctx)
		if err != nil {
			return err
		}
		defer tx.Rollback(ctx)
		id, err := outbox.PlaceOrder(ctx, tx, o)
		if err != nil {
			return err
		}
		if killed {
			if err := kill(ctx, env.DB, tx); err != nil {
				return err
			}
			r.Trace.Add("place order %d (%s): session killed before commit; commit: %s", id, o.Customer, outcome(tx.Commit(ctx)))
			return nil
		}
		r.Trace.Add("place order %d (%s): commit: %s", id, o.Customer, outcome(tx.Commit(ctx)))
		return nil
	}
	pending := func() error {
		ids, err := column(ctx, env.DB, `SELECT id FROM outbox ORDER BY id`)
		r.Trace.Add("outbox rows waiting: %v", ids)
		return err
	}
	relay := func(name string) error {
		relayed, duplicates, err := outbox.RelayBatch(ctx, env.DB, js, 10)
		r.Trace.Add("relay %s: relayed %d, already in the stream %d: %s", name, relayed, duplicates, outcome(err))
		return nil
	}

	if err := place(outbox.Order{Customer: "ada", AmountCents: 4200}, false); err != nil {
		return r, err
	}
	if err := place(outbox.Order{Customer: "bob", AmountCents: 1700}, true); err != nil {
		return r, err
	}
	if err := pending(); err != nil {
		return r, err
	}

	// ANCHOR: relaykilled
	tx, err := env.DB.Begin(ctx)
	if err != nil {
		return r, err
	}
	defer tx.Rollback(ctx)
	rows, err := outbox.Claim(ctx, tx, 10)
	if err != nil {
		return r, err
	}
	if _, err := outbox.Publish(ctx, js, rows); err != nil {
		return r, err
	}
	if err := kill(ctx, env.DB, tx); err != nil { // the relay dies after publishing
		return r, err
	}
	r.Trace.Add("relay A: published %d row(s), then its session was killed; delete: %s",
		len(rows), outcome(outbox.Delete(ctx, tx, rows)))
	// ANCHOR_END: relaykilled
	if err := pending(); err != nil {
		return r, err
	}
	relay("B")

	env.Broker.Stop()
	r.Trace.Add("broker stopped")
	if err := place(outbox.Order{Customer: "cy", AmountCents: 900}, false); err != nil {
		return r, err
	}
	relay("B")
	if err := pending(); err != nil {
		return r, err
	}
	if err := env.Broker.Restart(); err != nil {
		return r, err
	}
	nc.Close()
	if nc, js, err = env.Broker.Connect(); err != nil {
		return r, err
	}
	r.Trace.Add("broker restarted")
	relay("B")
	if err := pending(); err != nil {
		return r, err
	}
	return r, r.finish(ctx, env, js)
}

// Relays is what two relays did with the same outbox at the same time.
type Relays struct {
	Trace               Trace
	HeldByA, ClaimedByB []int64 // the rows relay A holds, and those relay B claims meanwhile
	Placed, Relayed     int
	Duplicates, Stored  int
}

// TwoRelays fills the outbox with n orders. Relay A claims a batch and holds it while relay B
// claims the next one; then both drain the outbox at once.
func TwoRelays(ctx context.Context, env Env, n int) (Relays, error) {
	r := Relays{Placed: n}
	nc, js, err := env.Broker.Connect()
	if err != nil {
		return r, err
	}
	defer nc.Close()
	stream, err := outbox.Setup(ctx, env.DB, js)
	if err != nil {
		return r, err
	}
	for i := range n {
		tx, err := env.DB.Begin(ctx)
		if err != nil {
			return r, err
		}
		if _, err := outbox.PlaceOrder(ctx, tx, outbox.Order{Customer: fmt.Sprintf("c%d", i%7), AmountCents: 100}); err != nil {
			tx.Rollback(ctx)
			return r, err
		}
		if err := tx.Commit(ctx); err != nil {
			return r, err
		}
	}
	if err := r.claimWhileHeld(ctx, env); err != nil {
		return r, err
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	errs := make(chan error, 2)
	for range 2 {
		wg.Go(func() {
			for {
				relayed, duplicates, err := outbox.RelayBatch(ctx, env.DB, js, 10)
				if err != nil {
					errs <- err
					return
				}
				mu.Lock()
				r.Relayed += relayed
				r.Duplicates += duplicates
				mu.Unlock()
				if relayed == 0 { // nothing left that the other relay does not hold
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return r, err
	}
	info, err := stream.Info(ctx)
	if err != nil {
		return r, err
	}
	r.Stored = int(info.State.Msgs)
	r.Trace.Add("two relays, batches of 10: placed %d, relayed %d, duplicates the stream dropped %d, stored %d",
		r.Placed, r.Relayed, r.Duplicates, r.Stored)
	return r, nil
}

// claimWhileHeld has relay A claim 10 rows and keep its transaction open while relay B claims
// 10. Relay B must return while A still holds its rows: if it waited for them, it would wait
// until its deadline, since A commits only after B returns. Both roll back, releasing the rows.
func (r *Relays) claimWhileHeld(ctx context.Context, env Env) error {
	claim := func(ctx context.Context) ([]int64, pgx.Tx, error) {
		tx, err := env.DB.Begin(ctx)
		if err != nil {
			return nil, nil, err
		}
		rows, err := outbox.Claim(ctx, tx, 10)
		if err != nil {
			return nil, nil, errors.Join(err, tx.Rollback(context.WithoutCancel(ctx)))
		}
		ids := make([]int64, len(rows))
		for i, row := range rows {
			ids[i] = row.ID
		}
		return ids, tx, nil
	}
	held, a, err := claim(ctx)
	if err != nil {
		return err
	}
	defer a.Rollback(ctx)
	deadline, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	claimed, b, err := claim(deadline)
	if err != nil {
		return fmt.Errorf("relay B, while relay A holds rows %v: %w", held, err)
	}
	defer b.Rollback(ctx)
	if len(held) == 0 || len(claimed) == 0 {
		return fmt.Errorf("relay A claimed rows %v, relay B rows %v: want a batch each", held, claimed)
	}
	r.HeldByA, r.ClaimedByB = held, claimed
	r.Trace.Add("relay A claims rows %d to %d and holds them; relay B, meanwhile, claims rows %d to %d",
		held[0], held[len(held)-1], claimed[0], claimed[len(claimed)-1])
	return nil
}

// Watermark is what two ways of reading the outbox saw of two transactions that commit out of
// the order of their IDs.
type Watermark struct {
	Trace                  Trace
	ByWatermark, ByPending []int64 // the rows each reader saw, in the order it saw them
}

// CommitOrder runs two transactions that each add an outbox row: the first takes the lower ID
// and commits last. One reader polls for IDs above the highest it has seen; the other polls for
// every row it has not relayed yet, as the relay does by deleting what it published.
func CommitOrder(ctx context.Context, env Env) (Watermark, error) {
	var r Watermark
	if _, err := env.DB.Exec(ctx, outbox.Schema); err != nil {
		return r, err
	}
	insert := func(tx pgx.Tx) (id int64, err error) {
		err = tx.QueryRow(ctx, `INSERT INTO outbox (subject, payload)
		                        VALUES ('orders.placed.x', '{}') RETURNING id`).Scan(&id)
		return id, err
	}
	var lastSeen int64
	poll := func(n int) error {
		above, err := column(ctx, env.DB, `SELECT id FROM outbox WHERE id > $1 ORDER BY id`, lastSeen)
		if err != nil {
			return err
		}
		notRelayed, err := column(ctx, env.DB, `SELECT id FROM outbox WHERE id <> ALL($1) ORDER BY id`,
			append([]int64{}, r.ByPending...))
		if err != nil {
			return err
		}
		if len(above) > 0 {
			lastSeen = above[len(above)-1]
		}
		r.ByWatermark = append(r.ByWatermark, above...)
		r.ByPending = append(r.ByPending, notRelayed...)
		r.Trace.Add("poll %d: id > last seen finds %v (last seen now %d); not yet relayed finds %v", n, above, lastSeen, notRelayed)
		return nil
	}
	first, err := env.DB.Begin(ctx)
	if err != nil {
		return r, err
	}
	defer first.Rollback(ctx)
	second, err := env.DB.Begin(ctx)
	if err != nil {
		return r, err
	}
	defer second.Rollback(ctx)
	id1, err := insert(first)
	if err != nil {
		return r, err
	}
	id2, err := insert(second)
	if err != nil {
		return r, err
	}
	r.Trace.Add("transaction 1 inserts row %d; transaction 2 inserts row %d and commits: %s", id1, id2, outcome(second.Commit(ctx)))
	if err := poll(1); err != nil {
		return r, err
	}
	r.Trace.Add("transaction 1 commits row %d: %s", id1, outcome(first.Commit(ctx)))
	if err := poll(2); err != nil {
		return r, err
	}
	r.Trace.Add("end: id > last seen relayed %v | not yet relayed relayed %v", r.ByWatermark, r.ByPending)
	return r, nil
}
