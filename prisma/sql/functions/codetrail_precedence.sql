-- A shop's attribution precedence as text (decision 037); the default when the shop has none.
CREATE OR REPLACE FUNCTION codetrail_precedence(p_shop TEXT)
RETURNS TEXT[] LANGUAGE sql STABLE AS $$
  SELECT COALESCE((SELECT s."attributionPrecedence"::text[] FROM "Shop" s WHERE s."id" = p_shop),
                  ARRAY['CODE', 'LINK', 'SURVEY'])
$$;
