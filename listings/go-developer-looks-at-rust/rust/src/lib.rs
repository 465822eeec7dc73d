//! The item service: one route, one PostgreSQL query.

// ANCHOR: handler
use axum::{
    Json, Router,
    extract::{Path, State},
    http::StatusCode,
    routing::get,
};
use deadpool_postgres::Pool;
use serde::Serialize;

/// The one query; `pub` so the test can find its prepared statement on the server.
pub const ITEM_BY_ID: &str = "SELECT id, name, price_cents FROM items WHERE id = $1";

#[derive(Serialize)]
pub struct Item {
    id: i64,
    name: String,
    price_cents: i64,
}

pub fn app(pool: Pool) -> Router {
    Router::new()
        .route("/items/{id}", get(get_item))
        .with_state(pool)
}

async fn get_item(State(pool): State<Pool>, Path(id): Path<i64>) -> Result<Json<Item>, StatusCode> {
    let client = pool
        .get()
        .await
        .map_err(|_| StatusCode::SERVICE_UNAVAILABLE)?;
    // Parsed once per connection and cached, as pgx does by default: one round trip per request.
    let statement = client
        .prepare_cached(ITEM_BY_ID)
        .await
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;
    let row = client
        .query_opt(&statement, &[&id])
        .await
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?
        .ok_or(StatusCode::NOT_FOUND)?;
    Ok(Json(Item {
        id: row.get(0),
        name: row.get(1),
        price_cents: row.get(2),
    }))
}
// ANCHOR_END: handler

// ANCHOR: pool
/// A pool of at most `size` connections to the database `config` names.
pub fn pool(
    config: tokio_postgres::Config,
    size: usize,
) -> Result<Pool, Box<dyn std::error::Error>> {
    let manager = deadpool_postgres::Manager::new(config, tokio_postgres::NoTls);
    Ok(Pool::builder(manager).max_size(size).build()?)
}
// ANCHOR_END: pool
