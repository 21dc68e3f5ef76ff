"""Small pieces the render stage assembles pages from: HTML for passages,
citations, JSON-LD, tables. Each function takes content objects and returns
Markdown or HTML text; none reads files or knows about MkDocs."""
