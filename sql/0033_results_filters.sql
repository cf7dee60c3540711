-- The public results filtered by a category or a kind over every unit (/results?category=…,
-- ?kind=…, and their downloads and API): each walks its own published rows, newest first,
-- instead of every published case past the ones that do not match (a rare category's last
-- page read the whole history). The row id ends each index: the keyset order (published_at, id).
CREATE INDEX cases_category_published ON cases(category, published_at) WHERE published_at IS NOT NULL;
CREATE INDEX cases_kind_published ON cases(kind, published_at) WHERE published_at IS NOT NULL;
