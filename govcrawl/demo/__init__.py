"""The offline demo portal: a Sở site served on 127.0.0.1 from bundled articles (``govcrawl demo``;
also an end-to-end test fixture)."""
