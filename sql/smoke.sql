SELECT nps(s) FROM (VALUES (10),(9),(7),(3),(NULL::int)) v(s);
