/** The two payload templates of the JellyNext webhook guide, character for character, so migrating flows change nothing. */
export const DEFAULT_MOVIE_PAYLOAD = `{
  "tmdbId": "{tmdbId}",
  "imdbId": "{imdbId}",
  "title": "{title}",
  "year": "{year}",
  "jellyfinUserId": "{jellyfinUserId}"
}`;

export const DEFAULT_SHOW_PAYLOAD = `{
  "tvdbId": "{tvdbId}",
  "tmdbId": "{tmdbId}",
  "imdbId": "{imdbId}",
  "title": "{title}",
  "year": "{year}",
  "seasonNumber": {seasonNumber},
  "isAnime": {isAnime},
  "jellyfinUserId": "{jellyfinUserId}"
}`;
