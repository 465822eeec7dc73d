//! The item service against the run's PostgreSQL 18: a database of its own,
//! the real router on a real socket, plain HTTP/1.1 requests.
use std::io::{Read, Write};
use std::net::TcpStream;

const SCHEMA: &str =
    "CREATE TABLE items (id bigint PRIMARY KEY, name text NOT NULL, price_cents bigint NOT NULL);
INSERT INTO items SELECT i, 'item ' || i, i * 100 FROM generate_series(1, 1000) AS i;";

async fn connect(config: &tokio_postgres::Config) -> tokio_postgres::Client {
    let (client, connection) = config
        .connect(tokio_postgres::NoTls)
        .await
        .expect("connect");
    tokio::spawn(connection);
    client
}

/// GET `path` and return the status line's code and the body.
fn get(addr: std::net::SocketAddr, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response[9..12].parse().unwrap();
    let body = response.split_once("\r\n\r\n").unwrap().1.to_string();
    (status, body)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serves_items_from_postgresql() {
    let url = std::env::var("DATABASE_URL")
        .expect("DATABASE_URL is not set: run the listings with `make listings`, which starts PostgreSQL 18");
    let admin_config: tokio_postgres::Config = url.parse().unwrap();
    let name = format!("itemsvc_rust_test_{}", std::process::id());
    let admin = connect(&admin_config).await;
    admin
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .await
        .unwrap();

    let mut config = admin_config.clone();
    config.dbname(&name);
    connect(&config).await.batch_execute(SCHEMA).await.unwrap();
    // One connection, so that the statements the handler prepared can be read back from its session.
    let pool = itemsvc::pool(config, 1).unwrap();
    let session = pool.clone();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(async move { axum::serve(listener, itemsvc::app(pool)).await });

    // The requests use blocking std I/O, so they go to the blocking pool.
    let responses = tokio::task::spawn_blocking(move || {
        let responses = ["/items/7", "/items/1001", "/items/seven"].map(|path| get(addr, path));
        for i in 1..=5 {
            assert_eq!(get(addr, &format!("/items/{i}")).0, 200);
        }
        responses
    })
    .await
    .unwrap();
    assert_eq!(
        responses[0],
        (
            200,
            r#"{"id":7,"name":"item 7","price_cents":700}"#.to_string()
        )
    );
    assert_eq!(responses[1].0, 404);
    assert_eq!(responses[2].0, 400);

    // The query reached PostgreSQL 7 times (the bad id never does): parsed once, executed 7 times.
    let row = session
        .get()
        .await
        .unwrap()
        .query_one(
            "SELECT count(*), coalesce(sum(generic_plans + custom_plans), 0)::bigint
             FROM pg_prepared_statements WHERE statement = $1",
            &[&itemsvc::ITEM_BY_ID],
        )
        .await
        .unwrap();
    let (statements, executions): (i64, i64) = (row.get(0), row.get(1));
    assert_eq!(
        (statements, executions),
        (1, 7),
        "prepared statements for the query, and their executions"
    );

    server.abort();
    admin
        .batch_execute(&format!("DROP DATABASE {name} WITH (FORCE)"))
        .await
        .unwrap();
}
