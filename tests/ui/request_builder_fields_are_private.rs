//! A request builder's fields are private: they are set through its methods, and the
//! client's token cannot be reached through it.

fn main() {
    let client = codearts_client::Client::builder()
        .region("cn-north-4")
        .auth_token("token")
        .build()
        .unwrap();
    let request = client.download_archive(1);
    let _id: i32 = request.repository_id;
}
