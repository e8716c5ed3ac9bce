async fn helper() {}
