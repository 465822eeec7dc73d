// ANCHOR: main
use std::env;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let config = env::var("DATABASE_URL")?.parse()?;
    let addr = env::var("ADDR").unwrap_or_else(|_| "127.0.0.1:8080".into());
    let pool = itemsvc::pool(config, 4)?;
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    println!("listening on {}", listener.local_addr()?);
    axum::serve(listener, itemsvc::app(pool)).await?;
    Ok(())
}
// ANCHOR_END: main
