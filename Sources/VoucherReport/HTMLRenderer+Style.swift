extension HTMLRenderer {
    /// The page's only style sheet, inline. System fonts only (nothing is
    /// fetched); charts keep their natural size and scroll sideways on a
    /// narrow screen; print drops the scrolling and fits charts to the page.
    /// No `<` or `&`, so it is valid XML text as is.
    static let styleSheet = """

    body { margin: 0; color: #1d1d1f; background: #fff; font-size: 15px; line-height: 1.45;
      font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "DejaVu Sans", sans-serif; }
    main { max-width: 980px; margin: 0 auto; padding: 12px 16px 32px; }
    h1 { font-size: 26px; margin: 8px 0 4px; }
    h2 { font-size: 21px; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 2px solid #d9d9d9; }
    h3 { font-size: 17px; margin: 20px 0 6px; }
    h4 { font-size: 14px; margin: 14px 0 4px; font-weight: 600; }
    p.lead { margin: 0 0 6px; color: #444; }
    nav a { margin-right: 12px; color: #2f6db3; }
    table { border-collapse: collapse; margin: 6px 0; font-size: 13px; }
    th, td { border: 1px solid #d4d4d4; padding: 3px 8px; text-align: left; vertical-align: top; }
    thead th { background: #f2f2f2; font-weight: 600; }
    td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
    td.hash { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12px; word-break: break-all; min-width: 16em; }
    td.raw { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12px; white-space: pre-wrap; }
    td.empty { color: #999; font-style: italic; }
    tr.fallback td { background: #fff1cc; }
    td.flag { font-weight: 600; color: #8a4b00; }
    .scroll { overflow-x: auto; max-width: 100%; }
    .cards { display: flex; flex-wrap: wrap; gap: 10px; margin: 12px 0; }
    .card { border: 1px solid #d4d4d4; border-radius: 6px; padding: 6px 14px; min-width: 8em; }
    .card b { display: block; font-size: 22px; font-variant-numeric: tabular-nums; }
    .card span { color: #555; font-size: 13px; }
    ul.notes { padding-left: 20px; }
    ul.notes li { margin: 4px 0; }
    ul.notes li.action strong { color: #a33c00; }
    ul.notes li.info strong { color: #2f6db3; }
    figure { margin: 8px 0 18px; }
    figcaption { font-size: 13px; color: #555; max-width: 720px; }
    svg.chart { display: block; margin: 4px 0; }
    svg.chart text { font-size: 12px; fill: #222; font-family: inherit; }
    .pair { display: flex; flex-wrap: wrap; gap: 8px 24px; align-items: flex-start; }
    .pair figure { margin-top: 6px; }
    .pair figcaption { max-width: 420px; }
    .pair td:first-child { white-space: nowrap; }
    section.country { margin-top: 18px; }
    footer { margin-top: 32px; font-size: 12px; color: #777; }
    @media (max-width: 600px) { body { font-size: 14px; } main { padding: 8px 10px 24px; } }
    @media print {
      body { font-size: 10pt; }
      main { max-width: none; padding: 0; }
      nav { display: none; }
      .scroll { overflow: visible; }
      svg.chart { max-width: 100%; height: auto; }
      h2, h3, h4 { break-after: avoid; }
      figure, table, .pair { break-inside: avoid; }
    }

    """
}
