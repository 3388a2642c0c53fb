/**
 * Projects that malicious PyPI uploads imitate again and again — trading, crypto-currency and chat-bot
 * libraries whose users hold keys and tokens worth stealing — but which the download ranking misses
 * or ranks low. Compared like the curated popular names (PEP 503 normalised, order carries no meaning).
 */
export const TARGETED_PROJECTS: readonly string[] = [
  'discord-py',
  'freqtrade',
  'solana',
  'pytorch', // the official placeholder that tells people to install torch
  'python-binance',
  'cryptocompare',
  'ccxt',
  'web3',
  'pycoingecko',
  'yfinance',
  'python-telegram-bot',
];
