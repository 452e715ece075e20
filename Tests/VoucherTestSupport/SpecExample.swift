/// behaviour §5's example request: the body of its `curl --data-raw`, byte for
/// byte (indentation and line breaks included). It answers `2640` from the
/// default table.
public enum SpecExample {
    public static let body = """
        {
                "customer_id": 123,
                "country_code": "Peru",
                "last_order_ts": "2018-05-03 00:00:00",
                "first_order_ts": "2017-05-03 00:00:00",
                "total_orders": 3,
                "segment_name": "frequent_segment"
                }
        """
}
