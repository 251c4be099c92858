/** Default on-screen texts of `jellyfin-stop-playback`: mustache over `msg`, naming the title and, for shows, the season. */
export const DEFAULT_HEADER = 'JellyNext Download';
export const DEFAULT_SUCCESS_MESSAGE =
  '{{media.title}}{{#media.seasonNumber}} – Season {{media.seasonNumber}}{{/media.seasonNumber}} has been requested and will appear in your library soon.';
export const DEFAULT_FAILURE_MESSAGE =
  'Could not request {{media.title}}{{#media.seasonNumber}} – Season {{media.seasonNumber}}{{/media.seasonNumber}}: {{webhook.error}}';
