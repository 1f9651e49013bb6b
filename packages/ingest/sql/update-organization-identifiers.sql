-- Fills a known organization's missing CAGE / UEI; never overwrites one. Parameters: $id, $cage, $uei.
update organizations
set cage = coalesce(cage, $cage::varchar), uei = coalesce(uei, $uei::varchar)
where id = $id
