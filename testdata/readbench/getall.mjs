// Reads every record of an app with js-sdk's getAllRecords and prints the
// count: node getall.mjs BASE_URL APP_ID USER PASSWORD
import { KintoneRestAPIClient } from "@kintone/rest-api-client";

const [baseUrl, app, username, password] = process.argv.slice(2);
const client = new KintoneRestAPIClient({ baseUrl, auth: { username, password } });
const records = await client.record.getAllRecords({ app, fields: ["n", "label"] });
console.log(records.length);
