//! The library API: `oig_emulator::start` serves in-process (no child process).

use oig_emulator::{start, Config};

#[tokio::test]
async fn start_in_process_and_stop_on_drop() {
    let server = start(Config {
        token: "in-process".into(),
        rate_limit: Some(1),
        ..Config::default()
    })
    .await
    .expect("start");
    assert!(server.base_url.starts_with("http://127.0.0.1:"));
    let http = reqwest::Client::new();
    let url = format!("{}/governance/api/v2/request-settings", server.base_url);
    let get = || async {
        let r = http
            .get(&url)
            .header("Authorization", "SSWS in-process")
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        (status, r.json::<serde_json::Value>().await.unwrap())
    };
    let (status, body) = get().await;
    assert_eq!(status, 200);
    assert_eq!(body["provisioningStatus"], "NOT_PROVISIONED");
    // The second call in the window exceeds `rate_limit: Some(1)`.
    let (status, body) = get().await;
    assert_eq!(status, 429);
    assert_eq!(body["errorCode"], "E0000047");
    let addr = server.addr;
    drop(server);
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    assert!(
        tokio::net::TcpStream::connect(addr).await.is_err(),
        "listener closed after drop"
    );
}

#[tokio::test]
async fn start_rejects_bad_configuration() {
    assert!(start(Config::default()).await.is_err(), "empty token");
    let half_oauth = Config {
        token: "t".into(),
        oauth_client_id: Some("0oa1".into()),
        ..Config::default()
    };
    assert!(matches!(start(half_oauth).await, Err(e) if e.contains("together")));
    let missing_key = Config {
        token: "t".into(),
        oauth_client_id: Some("0oa1".into()),
        oauth_public_key: Some("/nonexistent/key.pem".into()),
        ..Config::default()
    };
    assert!(start(missing_key).await.is_err());
    let bad_listen = Config {
        token: "t".into(),
        listen: "not an address".into(),
        ..Config::default()
    };
    assert!(start(bad_listen).await.is_err());
}

#[test]
fn cli_help_lists_every_flag() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_oig-emulator"))
        .arg("--help")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    for flag in [
        "--listen",
        "--token",
        "--fixtures",
        "--state",
        "--latency-ms",
        "--rate-limit",
        "--provisioning-delay-ms",
        "--oauth-client-id",
        "--oauth-public-key",
    ] {
        assert!(text.contains(flag), "{flag} missing from --help:\n{text}");
    }
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_oig-emulator"))
        .output()
        .unwrap();
    assert!(!out.status.success(), "--token is required");
}
