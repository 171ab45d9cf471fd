use apierror::ApiError;

#[derive(Debug, thiserror::Error, ApiError)]
#[api(skip_impl(axum, utopia))]
enum Typo {
    #[error("busy")]
    #[api(code = "busy", status = 503)]
    Busy,
}

#[derive(Debug, thiserror::Error, ApiError)]
#[api(skip_impl(actix))]
enum Prefix {
    #[error("busy")]
    #[api(code = "busy", status = 503)]
    Busy,
}

#[derive(Debug, thiserror::Error, ApiError)]
#[api(skip_impl(actix-web, warp))]
enum FeatureName {
    #[error("busy")]
    #[api(code = "busy", status = 503)]
    Busy,
}

#[derive(Debug, thiserror::Error, ApiError)]
#[api(skip_impl(aid))]
enum Aide {
    #[error("busy")]
    #[api(code = "busy", status = 503)]
    Busy,
}

fn main() {}
