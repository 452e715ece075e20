// The compiler: cleaning, segments, aggregation.
