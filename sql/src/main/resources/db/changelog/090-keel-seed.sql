--liquibase formatted sql

-- Reference data every installation needs: the assets of Keel's catalogue (dev.keel.domain.market.AssetCatalogue).

--changeset keel:seed-assets
INSERT INTO asset (symbol, liquidity_tier, is_cash) VALUES
  ('USDT', 'CASH', TRUE),
  ('BTC', 'LARGE', FALSE),
  ('ETH', 'LARGE', FALSE),
  ('BNB', 'MID', FALSE),
  ('SOL', 'MID', FALSE),
  ('XRP', 'MID', FALSE),
  ('ADA', 'MID', FALSE),
  ('DOGE', 'MID', FALSE),
  ('TRX', 'MID', FALSE),
  ('AVAX', 'MID', FALSE),
  ('LINK', 'MID', FALSE),
  ('DOT', 'MID', FALSE),
  ('LTC', 'MID', FALSE),
  ('BCH', 'MID', FALSE),
  ('XLM', 'MID', FALSE),
  ('ATOM', 'MID', FALSE),
  ('UNI', 'SMALL', FALSE),
  ('AAVE', 'SMALL', FALSE),
  ('MKR', 'SMALL', FALSE),
  ('COMP', 'SMALL', FALSE),
  ('CRV', 'SMALL', FALSE),
  ('SNX', 'SMALL', FALSE),
  ('YFI', 'SMALL', FALSE),
  ('NEAR', 'SMALL', FALSE),
  ('FIL', 'SMALL', FALSE),
  ('ETC', 'SMALL', FALSE);
