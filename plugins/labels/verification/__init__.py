"""Public verification of awards: the page anyone opens from a certificate's code or QR
code, and the REST routes that answer the same question for programs."""
