// Swagger UI from this Worker's own assets (tools/assets.mjs copies the pinned swagger-ui-dist),
// so /docs renders offline and behind a strict CSP. "Try it out" calls the origin that served it.
window.ui = SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  tryItOutEnabled: true,
  persistAuthorization: false,
  // Off: the default sends the document to validator.swagger.io from the reader's browser.
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis],
  layout: "BaseLayout",
});
