use apierror::ApiError;

#[derive(Debug, thiserror::Error, ApiError)]
enum OrderError {
    #[error("order {id}")]
    #[api(code = "order_wide", status = 400, message = "order {id:>widht$}")]
    Wide { id: u64, width: usize },
    #[error("total {total}")]
    #[api(code = "order_total", status = 400, message = "total {total:.*}")]
    Total { total: f64 },
}

fn main() {}
