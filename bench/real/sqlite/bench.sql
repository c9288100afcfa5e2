-- SQLite workload of the real-program benchmarks (bench/real), run by the
-- sqlite3 shell on an in-memory database:  sqlite3 < bench.sql
-- Inserts, indexes, joins, grouping, sorting, window functions, string
-- functions, updates and deletes; every query prints a deterministic result
-- so native and wasm runs can be compared line by line.
-- (Sorts that outgrow the page cache spill to temporary files: the wasm run
-- needs a writable directory, preopened as /tmp by bench/real/run.)
.bail on
CREATE TABLE item(id INTEGER PRIMARY KEY, grp INTEGER, name TEXT, price REAL);
WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 300000)
INSERT INTO item
  SELECT i, (i * 7919) % 1009, printf('item-%d-%x', i % 1000, i * 31), (i % 977) * 1.25
  FROM s;
CREATE INDEX item_grp ON item(grp);
CREATE INDEX item_name ON item(name);
SELECT 'count', count(*), sum(grp), total(price) FROM item;
SELECT 'groups', grp, count(*), round(avg(price), 4) FROM item
  GROUP BY grp ORDER BY sum(price) DESC, grp LIMIT 3;
CREATE TABLE grp_stat AS SELECT grp, count(*) AS n, max(price) AS top FROM item GROUP BY grp;
SELECT 'join', sum(item.id * grp_stat.n), total(grp_stat.top) FROM item JOIN grp_stat USING (grp)
  WHERE item.id % 10 = 0;
SELECT 'strings', sum(length(replace(upper(name), 'ITEM', 'x'))), count(DISTINCT substr(name, 6, 3))
  FROM item;
SELECT 'like', count(*) FROM item WHERE name LIKE 'item-99%';
SELECT 'sorted', group_concat(id, ',') FROM
  (SELECT id FROM item ORDER BY name DESC, price, id LIMIT 8);
SELECT 'window', sum(r), max(running) FROM
  (SELECT row_number() OVER (PARTITION BY grp ORDER BY id) AS r,
          sum(price) OVER (PARTITION BY grp ORDER BY id ROWS 5 PRECEDING) AS running
   FROM item);
UPDATE item SET price = price * 2 WHERE grp % 3 = 0;
DELETE FROM item WHERE grp % 5 = 0;
SELECT 'after', count(*), total(price) FROM item;
SELECT 'lookup', count(*), total(price) FROM item
  WHERE name IN (SELECT printf('item-%d-%x', i % 1000, i * 31) FROM
                 (WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 7 FROM s WHERE i < 50000)
                  SELECT i FROM s));
SELECT 'integrity', quick_check FROM pragma_quick_check;
