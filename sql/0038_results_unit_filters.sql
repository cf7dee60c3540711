-- One unit's public results filtered by a category or a kind (/results?unit=…&category=…,
-- &kind=…, their downloads and API): each walks the unit's own rows of that category (or kind),
-- newest first, instead of every one of the unit's published cases past the ones that do not
-- match (a rare category's last page read the unit's whole history). The row id ends each
-- index: the keyset order (published_at, id).
CREATE INDEX cases_unit_category_published ON cases(unit_id, category, published_at) WHERE published_at IS NOT NULL;
CREATE INDEX cases_unit_kind_published ON cases(unit_id, kind, published_at) WHERE published_at IS NOT NULL;
