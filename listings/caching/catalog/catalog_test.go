package catalog_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"playbook.example/caching/catalog"
	"playbook.example/caching/internal/testenv"
)

// pg_stat_statements shows a statement with its constants replaced by parameters, so Calls finds
// the SELECT (no constants) by its text and not the UPDATE, whose "+ 1" becomes "+ $3".
func TestCallsFindsStatementsWithoutConstantsOnly(t *testing.T) {
	ctx := context.Background()
	store := testenv.Catalog(t)
	if _, err := store.Create(ctx, 1, "kettle", 1000); err != nil {
		t.Fatal(err)
	}
	if _, err := store.SetPrice(ctx, 1, 1200); err != nil {
		t.Fatal(err)
	}
	if _, err := store.Product(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if n, err := store.Calls(ctx, catalog.SelectProduct); err != nil || n != 1 {
		t.Errorf("Calls(SelectProduct) = %d, %v; want 1", n, err)
	}
	if n, err := store.Calls(ctx, catalog.UpdatePrice); err != nil || n != 0 {
		t.Errorf("Calls(UpdatePrice) = %d, %v; want 0: its entry's text is not the string sent", n, err)
	}
	var shown string
	err := store.DB.QueryRow(ctx, `
		SELECT query FROM pg_stat_statements
		WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
		  AND query LIKE 'UPDATE products SET price_cents%'`).Scan(&shown)
	if err != nil {
		t.Fatalf("the UPDATE's entry: %v", err)
	}
	if !strings.Contains(shown, "version = version + $3") {
		t.Errorf("the UPDATE's entry reads %q; want its constant 1 shown as $3", shown)
	}
}

// The version column follows the order in which writers commit (an UPDATE of a row waits for the
// row's previous writer and reads its committed version); now() is the time the transaction
// started, so a timestamp column set from it does not.
func TestVersionFollowsTheCommitsButNowDoesNot(t *testing.T) {
	ctx := context.Background()
	store := testenv.Catalog(t)
	if _, err := store.Create(ctx, 1, "kettle", 1000); err != nil {
		t.Fatal(err)
	}
	begin := func() (pgx.Tx, time.Time) {
		tx, err := store.DB.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { tx.Rollback(context.Background()) })
		var now time.Time
		if err := tx.QueryRow(ctx, `SELECT now()`).Scan(&now); err != nil {
			t.Fatal(err)
		}
		return tx, now
	}
	update := func(tx pgx.Tx, cents int64) (version int64) {
		var id, price int64
		var name string
		if err := tx.QueryRow(ctx, catalog.UpdatePrice, 1, cents).Scan(&id, &name, &price, &version); err != nil {
			t.Fatal(err)
		}
		if err := tx.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		return version
	}

	first, firstNow := begin() // starts first ...
	second, secondNow := begin()
	secondVersion := update(second, 1100)
	firstVersion := update(first, 1200) // ... and commits last

	if firstVersion <= secondVersion {
		t.Errorf("the last commit wrote version %d, the one before it %d; want the last one newer", firstVersion, secondVersion)
	}
	if firstNow.After(secondNow) {
		t.Errorf("now() of the transaction that started first and committed last is %v, after the other's %v; "+
			"want it earlier: now() is the start time", firstNow, secondNow)
	}
}
