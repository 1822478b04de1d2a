//! A binary answer is a stream: saving it consumes it, so the body cannot be read twice
//! (or half read and then saved).

async fn save_twice(download: codearts_client::BinaryResponse) {
    let _ = download.save_to("a.zip").await;
    let _ = download.save_to("b.zip").await;
}

fn main() {
    let _ = save_twice;
}
