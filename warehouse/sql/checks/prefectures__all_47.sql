-- Exactly the 47 prefectures, each in one of the nine METI blocks.
SELECT count(*) AS n, count(DISTINCT block) AS blocks
FROM prefectures
HAVING count(*) <> 47 OR count(DISTINCT block) <> 9;
