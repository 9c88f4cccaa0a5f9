// Local Swagger UI over the generated document. validatorUrl: null keeps it from calling an online validator.
globalThis.ui = SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null,
  tryItOutEnabled: false,
});
