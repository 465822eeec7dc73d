package shop

import (
	"context"
	"net/http"

	"github.com/vikstrous/dataloadgen"
)

type loaders struct {
	authors       *dataloadgen.Loader[int32, Author]
	booksByAuthor *dataloadgen.Loader[int32, []Book]
}

type loadersKey struct{}

// ANCHOR: loaders
// WithLoaders gives every request loaders of its own: their cache lives as long as the request,
// so one user's answers never serve another's, and a write is seen by the next request.
func WithLoaders(store *Store, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		l := &loaders{
			authors:       dataloadgen.NewMappedLoader(store.AuthorsByIDs),
			booksByAuthor: dataloadgen.NewMappedLoader(store.BooksByAuthorIDs),
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), loadersKey{}, l)))
	})
}

// ANCHOR_END: loaders

func loadersFrom(ctx context.Context) *loaders {
	l, ok := ctx.Value(loadersKey{}).(*loaders)
	if !ok {
		panic("shop: Config.Loaders is set but the request did not pass through WithLoaders")
	}
	return l
}
